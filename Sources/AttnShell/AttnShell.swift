// AttnShell
