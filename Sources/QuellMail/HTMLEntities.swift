/// Named character references: the Latin-1 range plus the typographic ones common in
/// mail. The full HTML5 table (2,231 names) can replace this without API changes.
enum HTMLEntities {
    static let legacy: [String: UInt32] = [
        "amp": 0x26, "AMP": 0x26, "lt": 0x3C, "LT": 0x3C, "gt": 0x3E, "GT": 0x3E, "quot": 0x22, "QUOT": 0x22,
        "nbsp": 0xA0, "copy": 0xA9, "reg": 0xAE,
    ]

    static let named: [String: UInt32] = {
        var d: [String: UInt32] = [
            "amp": 0x26, "lt": 0x3C, "gt": 0x3E, "quot": 0x22, "apos": 0x27, "AMP": 0x26, "LT": 0x3C, "GT": 0x3E,
            "QUOT": 0x22, "hellip": 0x2026, "mdash": 0x2014, "ndash": 0x2013, "lsquo": 0x2018, "rsquo": 0x2019,
            "sbquo": 0x201A, "ldquo": 0x201C, "rdquo": 0x201D, "bdquo": 0x201E, "bull": 0x2022, "euro": 0x20AC,
            "trade": 0x2122, "dagger": 0x2020, "Dagger": 0x2021, "permil": 0x2030, "lsaquo": 0x2039, "rsaquo": 0x203A,
            "ensp": 0x2002, "emsp": 0x2003, "thinsp": 0x2009, "zwnj": 0x200C, "zwj": 0x200D, "lrm": 0x200E,
            "rlm": 0x200F, "OElig": 0x152, "oelig": 0x153, "Scaron": 0x160, "scaron": 0x161, "Yuml": 0x178,
            "fnof": 0x192, "circ": 0x2C6, "tilde": 0x2DC, "larr": 0x2190, "uarr": 0x2191, "rarr": 0x2192,
            "darr": 0x2193, "harr": 0x2194, "check": 0x2713, "star": 0x2606, "hearts": 0x2665, "NewLine": 0x0A,
            "Tab": 0x09, "colon": 0x3A, "sol": 0x2F, "period": 0x2E, "comma": 0x2C, "lpar": 0x28, "rpar": 0x29,
            "num": 0x23, "percnt": 0x25, "quest": 0x3F, "equals": 0x3D, "commat": 0x40, "lowbar": 0x5F,
            "ZeroWidthSpace": 0x200B, "shy": 0xAD,
        ]
        let latin1 = [
            "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo", "not",
            "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot", "cedil", "sup1",
            "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc", "Atilde", "Auml",
            "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute", "Icirc", "Iuml", "ETH",
            "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash", "Ugrave", "Uacute", "Ucirc",
            "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde", "auml", "aring", "aelig",
            "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc", "iuml", "eth", "ntilde",
            "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave", "uacute", "ucirc", "uuml",
            "yacute", "thorn", "yuml",
        ]
        for (k, name) in latin1.enumerated() { d[name] = UInt32(0xA0 + k) }
        return d
    }()
}
