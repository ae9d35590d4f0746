package testapp.jpa;

import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;

@Entity
public class Child {
  @Id
  @GeneratedValue
  private Long id;
  private String name;
  @ManyToOne(fetch = FetchType.LAZY)
  private Parent parent;

  protected Child() {}

  Child(String name) {
    this.name = name;
  }

  void setParent(Parent parent) {
    this.parent = parent;
  }

  public String getName() {
    return name;
  }
}
