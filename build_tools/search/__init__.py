"""The site's Chinese search: dictionary, index and browser side.

Material for MkDocs keeps its search box and result list; what happens behind
them is the course's own:

* :mod:`.dictionary` collects the course's short terms (names, rules, tags,
  thesaurus words) so jieba segments them as whole words;
* :mod:`.index` turns the index Material's search plugin writes into a compact
  index of pages (titles, headings, tags, summaries, declared questions, text
  without markup), with the segmentation vocabulary, the thesaurus and a
  Traditional→Simplified character table made with OpenCC;
* :mod:`.patch` installs the search worker (``worker.js``: segmentation with the
  index's vocabulary, function words dropped, thesaurus expansion, BM25-style
  ranking) in place of Material's, and adapts Material's search box at build
  time; each patch checks the theme's code and fails the build when it changed.
"""

from __future__ import annotations

from .dictionary import dictionary_terms, load_terms, write_user_dictionary
from .index import INDEX_FILE, SearchIndexError, build_index
from .patch import SearchPatchError, install_worker, patch_bundle

__all__ = [
    "INDEX_FILE",
    "SearchIndexError",
    "SearchPatchError",
    "build_index",
    "dictionary_terms",
    "install_worker",
    "load_terms",
    "patch_bundle",
    "write_user_dictionary",
]
