"""Your implementation of the API: one module per tag of the contract.

``handlers/<tag>.py`` holds ``class <Tag>Handlers`` with one method per operation
(operations without a tag go to ``handlers/default.py``).  apigen creates each module once
and, after a contract change, only appends stubs for new operations; a stub answers 501 until
you implement it.  Run ``mypy`` after regenerating: it names every method whose signature no
longer matches the generated interface.
"""
