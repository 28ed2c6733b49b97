"""Documents generated from the code: lawfulness rules, case types, alert rules."""
