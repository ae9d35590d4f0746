package testapp.jpa;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.OneToMany;
import java.util.ArrayList;
import java.util.List;

@Entity
public class Parent {
  @Id
  @GeneratedValue
  private Long id;
  private String name;
  @OneToMany(mappedBy = "parent", fetch = FetchType.LAZY, cascade = CascadeType.ALL)
  private List<Child> children = new ArrayList<>();

  protected Parent() {}

  Parent(String name) {
    this.name = name;
  }

  void addChild(Child child) {
    child.setParent(this);
    children.add(child);
  }

  public Long getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public List<Child> getChildren() {
    return children;
  }
}
