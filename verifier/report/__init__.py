"""The report stage: findings → terminal, JSON and the other formats."""
