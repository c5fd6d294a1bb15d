"""python -m checker.authoring --kinds-doc [docs/packs.md] | --rules-doc [docs/rules.md]"""
from checker.authoring.kinds_doc import main

main()
