"""The page of `fzcheck serve` (index.html, app.js, app.css), shipped as package data."""
