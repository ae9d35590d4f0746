package testapp.jpa;

import org.springframework.boot.CommandLineRunner;
import org.springframework.stereotype.Component;

/** 20 parents with 2 children each, saved before the app reports READY. */
@Component
class ParentSeed implements CommandLineRunner {
  static final int PARENTS = 20;

  private final ParentRepository parents;

  ParentSeed(ParentRepository parents) {
    this.parents = parents;
  }

  @Override
  public void run(String... args) {
    for (int i = 1; i <= PARENTS; i++) {
      Parent parent = new Parent("parent" + i);
      parent.addChild(new Child("child" + i + "a"));
      parent.addChild(new Child("child" + i + "b"));
      parents.save(parent);
    }
  }
}
