"""Teaching and verification: ``explain`` (one step with every number), ``gradcheck`` and the studies."""
