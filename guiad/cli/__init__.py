"""The command line: ``guiad [FILE]`` opens the window; ``guiad eval``, ``render`` and ``export``
for scripted use. ``main`` parses the arguments (the entry points are ``guiad.cli.main:main`` and
``main_gui``); each subcommand is a module of its own here (``evalcmd``, ``rendercmd``,
``exportcmd``), imported only when it runs. Subcommands never import ``main`` (their usage
errors come from ``usage``); nothing here imports Qt until a command that draws runs."""
