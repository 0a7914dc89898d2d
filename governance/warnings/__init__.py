"""Public security warnings (治安预警预报, 联防): drafted, approved and published by the center."""
