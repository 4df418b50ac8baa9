"""The application layer: tables in, models and reports out.

data (reading, checking and scaling tables), workflow (``fit`` and ``Model``), io (model files),
files (safe output paths), estimators (scikit-learn), metrics, plots, report, export, advisor.
It uses :mod:`bpnn.training` and :mod:`bpnn.core`; nothing below imports it.
"""
