"""What the user wrote: reading input files safely, validating a problem file, the size bounds, file kinds."""
