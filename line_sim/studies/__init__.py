"""Many runs: batches with confidence intervals, sensitivity, comparisons and their reports."""
