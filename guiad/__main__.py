import sys

from guiad.cli.main import main

sys.exit(main())
