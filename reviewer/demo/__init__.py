"""Demo data for `flask --app app seed-demo`: every page shows realistic content."""
