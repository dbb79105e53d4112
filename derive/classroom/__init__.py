"""Teaching a class: question sheets, a variant of a problem for every student, and grading their claims."""
