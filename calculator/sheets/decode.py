"""Text files as Chinese Windows writes them: UTF-8 with or without a BOM, or GBK/GB18030."""


class NotText(ValueError):
    """Bytes that are neither UTF-8 nor GB18030 text; the message is for users."""


def decode_bytes(data, name="文件"):
    """UTF-8 (a BOM is dropped) first, then GB18030 (a superset of GBK that Excel and Notepad write)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's 'Unicode text' (UTF-16, tab-separated)
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise NotText(f"{name} 不是有效的 UTF-16 文本") from None
    if b"\x00" in data[:4096]:
        raise NotText(f"{name} 不是文本文件（含有二进制内容）")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise NotText(f"{name} 既不是 UTF-8 也不是 GBK 编码的文本") from None
