"""python -m checker.authoring --kinds-doc [docs/packs.md]"""
from checker.authoring.kinds_doc import main

main()
