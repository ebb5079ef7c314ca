"""What the photo codes say, in the board's languages (merged into :mod:`messages`)."""

from __future__ import annotations

# code -> (zh-CN, en)
PHOTO_MESSAGES: dict[str, tuple[str, str]] = {
    "photo-missing": (
        "{field_zh}：content/media/ 里没有照片文件 {file}{suggest_zh}",
        "{field_en}: there is no photo file {file} in content/media/{suggest_en}",
    ),
    "photo-outside-media": (
        "{field_zh}：{file} 不在 content/media/ 文件夹里；照片要放进 content/media/，路径从那里写起，"
        "不要写「..」或以「/」开头",
        "{field_en}: {file} is outside content/media/; put the photo into content/media/ and write its "
        "path from there, without '..' or a leading '/'",
    ),
    "photo-not-image": (
        "{field_zh}：{file} 不是照片，而是{found_zh}；请用 JPEG、PNG、WebP 或手机拍的 HEIC 照片"
        "（改文件的扩展名没有用）",
        "{field_en}: {file} is not a photo but {found_en}; use a JPEG, PNG, WebP or a phone's HEIC "
        "photo (renaming the file does not change what it is)",
    ),
    "photo-damaged": (
        "{field_zh}：照片 {file} 读不出来：{why_zh}；请从手机上重新导出或重新上传",
        "{field_en}: the photo {file} cannot be read: {why_en}; export or upload it again from the phone",
    ),
    "photo-too-large": (
        "{field_zh}：照片 {file} 太大（{size_zh}，上限 {limit_zh}）；请用手机的“压缩”或“中等尺寸”重新导出",
        "{field_en}: the photo {file} is too large ({size_en}; the limit is {limit_en}); export it "
        "again at a smaller size",
    ),
    "photo-alt-filename": (
        "{field_zh}只写了文件名「{value}」；请用一句话写照片上是什么，给看不见图片的人读，"
        "如「志愿者在3号院给刘大爷理发」",
        '{field_en} only repeats the file name "{value}"; say in a sentence what the photo shows, '
        'for people who cannot see it, e.g. "a volunteer cutting Mr Liu\'s hair in yard 3"',
    ),
}

# Worded by how the path leads out of content/media/ (their ``where`` parameter).
PHOTO_VARIANTS: dict[tuple[str, str], tuple[str, str]] = {
    ("photo-outside-media", "link"): (
        "{field_zh}：{file} 是一个链接，指向 content/media/ 以外的地方，已拒绝读取；"
        "请把照片文件本身放进 content/media/",
        "{field_en}: {file} is a link to a place outside content/media/ and was not read; put the "
        "photo file itself into content/media/",
    ),
}
