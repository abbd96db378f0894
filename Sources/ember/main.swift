import EmberShell
