"""`python -m checker.cli …` is `kefu …`."""
from . import main

main()
