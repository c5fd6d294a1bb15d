"""The local web page for authors (`fzcheck serve`): the HTTP handler and the app behind it.

- ``http``: the socket side (``Handler``, ``Server``, ``make_server``, ``serve``, ``url_of``);
- ``app``: the logic without sockets (``App``): routes, uploads, checks, downloads;
- ``guard``: who may talk to the server; ``response``: what it answers;
- ``web/``: the page itself (index.html, app.js, app.css), shipped as package data.

The report page a user downloads is rendered by checker.render.page and its CSV by
checker.render.csv; where in the text each gap belongs is checker.judge.placement.

Safety, in the order a request meets it (``App.guard``):

- the ``Host`` header must name the address the server is bound to (127.0.0.1 / localhost /
  [::1] and the port), so a web page on another site that re-binds its DNS name to 127.0.0.1
  cannot talk to it (403);
- ``POST`` needs the per-server random token that is written into the page and sent back in the
  ``X-Fzcheck-Token`` header, and an ``Origin`` (when the browser sends one) of this server (403);
- bodies over the size limit are refused with 413 and the same wording the CLI uses;
- every response carries ``X-Content-Type-Options: nosniff`` and, for the page, a strict
  Content-Security-Policy without external sources. The page builds its DOM with ``textContent``
  only: document text is data, never markup.
"""
