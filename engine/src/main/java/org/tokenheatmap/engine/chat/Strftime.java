package org.tokenheatmap.engine.chat;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Python's {@code datetime.strftime} in the C locale, for the directives chat templates use (dates, times, weekdays). */
final class Strftime {
    private Strftime() {}

    static String format(String pattern, LocalDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c != '%' || i + 1 == pattern.length()) {
                out.append(c);
                continue;
            }
            char d = pattern.charAt(++i);
            out.append(switch (d) {
                case 'd' -> two(t.getDayOfMonth());
                case 'm' -> two(t.getMonthValue());
                case 'Y' -> String.valueOf(t.getYear());
                case 'y' -> two(t.getYear() % 100);
                case 'b' -> t.getMonth().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'B' -> t.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'a' -> t.getDayOfWeek().getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
                case 'A' -> t.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
                case 'H' -> two(t.getHour());
                case 'I' -> two((t.getHour() + 11) % 12 + 1);
                case 'p' -> t.getHour() < 12 ? "AM" : "PM";
                case 'M' -> two(t.getMinute());
                case 'S' -> two(t.getSecond());
                case 'j' -> String.format("%03d", t.getDayOfYear());
                case 'F' -> t.format(DateTimeFormatter.ISO_LOCAL_DATE);
                case '%' -> "%";
                default -> "%" + d;
            });
        }
        return out.toString();
    }

    private static String two(int n) { return n < 10 ? "0" + n : String.valueOf(n); }
}
