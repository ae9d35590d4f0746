-- Petclinic-like schema, created at start-up in a private in-memory H2 database.
CREATE TABLE owners (
  id         INT PRIMARY KEY,
  first_name VARCHAR(30) NOT NULL,
  last_name  VARCHAR(30) NOT NULL,
  address    VARCHAR(255) NOT NULL,
  city       VARCHAR(80) NOT NULL,
  telephone  VARCHAR(20) NOT NULL
);

CREATE TABLE pets (
  id         INT PRIMARY KEY,
  owner_id   INT NOT NULL REFERENCES owners(id),
  name       VARCHAR(30) NOT NULL,
  type       VARCHAR(20) NOT NULL,
  birth_date DATE NOT NULL
);

CREATE INDEX pets_owner_id ON pets(owner_id);
