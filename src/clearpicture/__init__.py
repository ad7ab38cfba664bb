"""Clear Picture: quizzes authored in YAML, rendered into MkDocs pages, scored on the device."""
