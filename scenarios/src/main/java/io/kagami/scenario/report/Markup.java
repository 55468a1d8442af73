package io.kagami.scenario.report;

/**
 * Text put into the reports' markup (report.html with its SVG, junit.xml): markup characters escaped,
 * and characters XML 1.0 cannot hold (controls other than tab and line breaks, lone surrogates,
 * U+FFFE and U+FFFF) replaced with U+FFFD. One place, so that the reports agree on what survives.
 */
final class Markup {

    /** Where the text goes: what must be escaped there. */
    private enum Place { HTML, XML_TEXT, XML_ATTRIBUTE }

    private Markup() {}

    /** Text for HTML and the SVG within it, in content or in a quoted attribute: quotes escaped too. */
    static String html(String s) {
        return escape(s, Place.HTML);
    }

    /** XML character data. */
    static String xmlText(String s) {
        return escape(s, Place.XML_TEXT);
    }

    /** An XML attribute value: quotes and line breaks as references, so that they survive parsing. */
    static String xmlAttribute(String s) {
        return escape(s, Place.XML_ATTRIBUTE);
    }

    private static String escape(String s, Place place) {
        if (s == null) {
            return "";
        }
        boolean attribute = place == Place.XML_ATTRIBUTE;
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(place == Place.XML_TEXT ? "\"" : "&quot;");
                case '\'' -> b.append(place == Place.HTML ? "&#39;" : "'");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                case '\r' -> b.append(place == Place.HTML ? "\r" : "&#13;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c < 0x20 || Character.isSurrogate(c) || c == 0xFFFE || c == 0xFFFF) {
                        b.append('\uFFFD');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
