"""Sub-commands beyond `check`, one module each; each exposes `command` (a click command or group)."""
