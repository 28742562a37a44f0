package dev.polycloud.function;

import dev.polycloud.CloudException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Polycloud's one cron dialect, parsed and checked once in the portable layer: six fields
 * separated by spaces, {@code second minute hour day-of-month month day-of-week} (the Quartz
 * form without its optional year, e.g. {@code 0 *}{@code /5 * * * ?} every five minutes).
 *
 * <table>
 * <caption>Fields</caption>
 * <tr><th>field</th><th>values</th></tr>
 * <tr><td>second</td><td>0–59</td></tr>
 * <tr><td>minute</td><td>0–59</td></tr>
 * <tr><td>hour</td><td>0–23</td></tr>
 * <tr><td>day of month</td><td>1–31 or {@code ?}</td></tr>
 * <tr><td>month</td><td>1–12 or {@code JAN}–{@code DEC}</td></tr>
 * <tr><td>day of week</td><td>1–7 ({@code 1} = Sunday, as in Quartz and AWS) or {@code SUN}–{@code SAT}, or {@code ?}</td></tr>
 * </table>
 *
 * <p>Each field is {@code *}, a value, a range {@code a-b}, a step {@code *}{@code /n}, {@code a/n} or
 * {@code a-b/n}, or a comma-separated list of these. At most one of day-of-month and day-of-week may
 * name days; the other must be {@code *} or {@code ?} (the clouds disagree on what both mean, so both
 * is refused rather than guessed). Quartz's {@code L}, {@code W} and {@code #} and a seventh (year)
 * field are not part of the dialect. Anything else is {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}
 * naming the field.
 *
 * <p>Time zones and daylight-saving changes (the rule AWS EventBridge Scheduler states, applied by the
 * local provider): a wall-clock time that a spring-forward change skips does not fire that day; a
 * wall-clock time that a fall-back change repeats fires once, at its first occurrence.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CronExpression {

    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG",
            "SEP", "OCT", "NOV", "DEC");
    private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** How far ahead {@link #next} searches before deciding the expression never fires (e.g. 30 February). */
    private static final int MAX_YEARS = 8;

    private final String text;
    private final Field seconds;
    private final Field minutes;
    private final Field hours;
    private final Field daysOfMonth;
    private final Field months;
    private final Field daysOfWeek;

    private CronExpression(String text, Field[] f) {
        this.text = text;
        this.seconds = f[0];
        this.minutes = f[1];
        this.hours = f[2];
        this.daysOfMonth = f[3];
        this.months = f[4];
        this.daysOfWeek = f[5];
    }

    /**
     * Parses an expression of the dialect described above.
     *
     * @param expression the six fields
     * @return the expression
     * @throws NullPointerException when {@code expression} is null
     * @throws CloudException {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT} naming the bad field
     */
    public static CronExpression parse(String expression) {
        Objects.requireNonNull(expression, "expression");
        String trimmed = expression.strip();
        String[] parts = trimmed.isEmpty() ? new String[0] : trimmed.split("\\s+");
        if (parts.length != 6) {
            throw bad(expression, "it has " + parts.length + " fields; the dialect has six: "
                    + "second minute hour day-of-month month day-of-week");
        }
        Field[] f = new Field[6];
        f[0] = Field.parse(expression, "second", parts[0], 0, 59, null, false);
        f[1] = Field.parse(expression, "minute", parts[1], 0, 59, null, false);
        f[2] = Field.parse(expression, "hour", parts[2], 0, 23, null, false);
        f[3] = Field.parse(expression, "day-of-month", parts[3], 1, 31, null, true);
        f[4] = Field.parse(expression, "month", parts[4], 1, 12, MONTHS, false);
        f[5] = Field.parse(expression, "day-of-week", parts[5], 1, 7, DAYS, true);
        if (!f[3].any && !f[5].any) {
            throw bad(expression, "day-of-month and day-of-week both name days; set one of them to ?");
        }
        return new CronExpression(String.join(" ", parts), f);
    }

    /**
     * The expression, fields separated by single spaces.
     *
     * @return the text
     */
    public String text() {
        return text;
    }

    /**
     * The six fields as written (normalised to upper case), in order.
     *
     * @return second, minute, hour, day-of-month, month, day-of-week
     */
    public List<String> fields() {
        return List.of(text.toUpperCase(Locale.ROOT).split(" "));
    }

    /**
     * Whether the expression fires on exactly one second of each minute it fires in, so that no two
     * firings are less than a minute apart.
     *
     * @return true when the second field is a single value
     */
    public boolean fixedSecond() {
        return seconds.values.cardinality() == 1;
    }

    /**
     * Whether the expression fires only at second 0, as schedulers that work in whole minutes need.
     *
     * @return true when the second field is exactly 0
     */
    public boolean onWholeMinutes() {
        return seconds.values.cardinality() == 1 && seconds.values.get(0);
    }

    /**
     * The first firing strictly after an instant.
     *
     * @param after the instant
     * @param zone the zone whose wall-clock the fields describe
     * @return the next firing, or empty when there is none in the next eight years (e.g. {@code 0 0 0 30 FEB ?})
     */
    public Optional<Instant> next(Instant after, ZoneId zone) {
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(zone, "zone");
        LocalDateTime t = LocalDateTime.ofInstant(after, zone).withNano(0).plusSeconds(1);
        int limitYear = t.getYear() + MAX_YEARS;
        while (t.getYear() <= limitYear) {
            if (!months.values.get(t.getMonthValue())) {
                t = t.withDayOfMonth(1).toLocalDate().plusMonths(1).atStartOfDay();
            } else if (!dayMatches(t)) {
                t = t.toLocalDate().plusDays(1).atStartOfDay();
            } else if (!hours.values.get(t.getHour())) {
                t = t.withMinute(0).withSecond(0).plusHours(1);
            } else if (!minutes.values.get(t.getMinute())) {
                t = t.withSecond(0).plusMinutes(1);
            } else if (!seconds.values.get(t.getSecond())) {
                t = t.plusSeconds(1);
            } else {
                // a wall-clock time skipped by a spring-forward change has no offset and does not fire
                List<ZoneOffset> offsets = zone.getRules().getValidOffsets(t);
                if (!offsets.isEmpty()) {
                    // a repeated wall-clock time fires once, at its first (earlier) occurrence
                    Instant at = t.toInstant(offsets.get(0));
                    if (at.isAfter(after)) {
                        return Optional.of(at);
                    }
                }
                t = t.plusSeconds(1);
            }
        }
        return Optional.empty();
    }

    private boolean dayMatches(LocalDateTime t) {
        if (!daysOfMonth.values.get(t.getDayOfMonth())) {
            return false;
        }
        DayOfWeek d = t.getDayOfWeek();
        int quartz = d == DayOfWeek.SUNDAY ? 1 : d.getValue() + 1;
        return daysOfWeek.values.get(quartz);
    }

    private static CloudException bad(String expression, String why) {
        return CloudException.invalidArgument("Cron expression '" + expression + "' is invalid: " + why);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronExpression c && c.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** One field's set of values; {@code any} when it is {@code *} or {@code ?}. */
    private record Field(BitSet values, boolean any) {

        static Field parse(String expression, String name, String text, int min, int max, List<String> names,
                           boolean question) {
            String upper = text.toUpperCase(Locale.ROOT);
            BitSet set = new BitSet(max + 1);
            if (upper.equals("?")) {
                if (!question) {
                    throw bad(expression, "? is allowed only in day-of-month and day-of-week, not in " + name);
                }
                set.set(min, max + 1);
                return new Field(set, true);
            }
            if (upper.equals("*")) {
                set.set(min, max + 1);
                return new Field(set, true);
            }
            for (String item : upper.split(",", -1)) {
                String range = item;
                int step = 1;
                int slash = item.indexOf('/');
                if (slash >= 0) {
                    range = item.substring(0, slash);
                    step = number(expression, name, item.substring(slash + 1), 1, max - min + 1, null);
                }
                int lo;
                int hi;
                if (range.equals("*")) {
                    lo = min;
                    hi = max;
                } else if (range.indexOf('-') > 0) {
                    int dash = range.indexOf('-');
                    lo = number(expression, name, range.substring(0, dash), min, max, names);
                    hi = number(expression, name, range.substring(dash + 1), min, max, names);
                    if (hi < lo) {
                        throw bad(expression, "the " + name + " range " + range + " runs backwards");
                    }
                } else {
                    lo = number(expression, name, range, min, max, names);
                    hi = slash >= 0 ? max : lo;
                }
                for (int v = lo; v <= hi; v += step) {
                    set.set(v);
                }
            }
            return new Field(set, false);
        }

        private static int number(String expression, String name, String token, int min, int max,
                                  List<String> names) {
            if (names != null && names.contains(token)) {
                return names.indexOf(token) + min;
            }
            if (token.isEmpty() || token.length() > 2 || !token.chars().allMatch(Character::isDigit)) {
                throw bad(expression, "'" + token + "' is not a valid " + name + " (" + min + "-" + max
                        + (names == null ? "" : " or " + names.get(0) + "-" + names.get(names.size() - 1)) + ")");
            }
            int v = Integer.parseInt(token);
            if (v < min || v > max) {
                throw bad(expression, name + " " + v + " is outside " + min + "-" + max);
            }
            return v;
        }
    }
}
