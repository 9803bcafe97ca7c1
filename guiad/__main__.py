import sys

from guiad.cli import main

sys.exit(main())
