"""The six-week course: pure progression rules, the progress row, its service, presenters and pages."""
