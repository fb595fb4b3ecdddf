"""The source link serves only what was indexed: the same content, from inside the indexed folders."""

from __future__ import annotations

import os
import shutil

from indexer.engines import open_engine
from indexer.engines.base import SearchRequest
from indexer.reindex import index_incremental
from indexer.settings import Settings
from search_app import create_app

TEXT = (
    "ỦY BAN NHÂN DÂN\nTỈNH LAI CHÂU\nSố: 628/UBND-VX\nV/v mục tiêu kép\n1. Thực hiện nghiêm mục tiêu kép.\n"
)


def _indexed(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "cv.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "secret.txt").write_text("mật khẩu: hunter2\n", encoding="utf-8")
    settings = Settings.load(index_dir=str(tmp_path / "index"), engine="tantivy", segmenter="none")
    report = index_incremental([docs], settings, workers=1)
    assert report.ok, report.files_failed
    engine = open_engine(settings)
    doc_id = engine.search(SearchRequest(q="muc tieu kep")).hits[0].id
    engine.close()
    client = create_app({"SETTINGS": settings, "SOURCE_ROOT": str(tmp_path)}).test_client()
    return docs, client, f"/van-ban/{doc_id}/nguon"


def test_the_indexed_file_is_served_once_with_one_charset(tmp_path):
    _, client, url = _indexed(tmp_path)
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_data(as_text=True) == TEXT
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"


def test_a_file_replaced_by_a_symlink_to_a_secret_is_not_served(tmp_path):
    docs, client, url = _indexed(tmp_path)
    (docs / "cv.txt").unlink()
    os.symlink(tmp_path / "secret.txt", docs / "cv.txt")
    response = client.get(url)
    assert response.status_code == 404
    assert "hunter2" not in response.get_data(as_text=True)


def test_a_symlink_out_of_the_indexed_folders_is_not_served_even_with_the_same_content(tmp_path):
    docs, client, url = _indexed(tmp_path)
    outside = tmp_path / "elsewhere.txt"
    shutil.copy(docs / "cv.txt", outside)
    (docs / "cv.txt").unlink()
    os.symlink(outside, docs / "cv.txt")
    assert client.get(url).status_code == 404


def test_a_file_whose_content_changed_is_not_served(tmp_path):
    docs, client, url = _indexed(tmp_path)
    (docs / "cv.txt").write_text(TEXT + "2. Dòng thêm sau khi lập chỉ mục.\n", encoding="utf-8")
    assert client.get(url).status_code == 404
