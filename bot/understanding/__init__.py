"""Understanding: a manager's Spanish question (typos, short names, periods) into a domain Query."""
