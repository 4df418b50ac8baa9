"""Training: the one loop (:mod:`.loop`), its stop rules, schedules, objective and streaming."""
