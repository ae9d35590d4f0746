package testapp.jpa;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class ParentController {
  private final ParentRepository parents;

  ParentController(ParentRepository parents) {
    this.parents = parents;
  }

  /** One query for the parents, then one per parent for its lazy children: 1 + 20 statements. */
  @GetMapping("/parents")
  public List<Map<String, Object>> list() {
    return parents.findAll().stream()
        .map(p -> Map.<String, Object>of("name", p.getName(), "children", p.getChildren().size()))
        .toList();
  }

  /** One parent by ID: a Spring route pattern, and no N+1. */
  @GetMapping("/parents/{id}")
  public Map<String, Object> one(@PathVariable("id") long id) {
    Parent p = parents.findById(id).orElseThrow();
    return Map.of("name", p.getName());
  }
}
