/**
 * Polycloud: one Java interface for the serverless building blocks of a backend, on AWS, Azure,
 * GCP or in memory. Start with {@link dev.polycloud.Polycloud#open()}.
 *
 * <h2>How misuse is reported (one rule across the API)</h2>
 * <ul>
 *   <li>A {@code null} argument throws {@link java.lang.NullPointerException} from
 *       {@link java.util.Objects#requireNonNull(Object, String)}, naming the argument (as the JDK and
 *       the AWS SDK do). Where {@code null} means something (an absent optional value), the method
 *       says so.</li>
 *   <li>Every other misuse — a bad name, a value over a limit, a key of the wrong type, a string
 *       with an unpaired UTF-16 surrogate, a cursor of another query, reading a table value as the
 *       wrong type ({@code Item.getLong} on a string), converting an unsupported Java type
 *       ({@code Value.from(new Date())}) — is a {@link dev.polycloud.CloudException} with
 *       {@link dev.polycloud.ErrorCode#INVALID_ARGUMENT}, never {@code IllegalStateException} or
 *       {@code IllegalArgumentException}.</li>
 *   <li>The checks run in one order on every provider: arguments ({@code INVALID_ARGUMENT}), then
 *       capability ({@link dev.polycloud.ErrorCode#UNIMPLEMENTED}), then the network. Bad input never
 *       reaches the network.</li>
 *   <li>One mistake has one code everywhere: acking or nacking a receipt that was never issued is a
 *       no-op (extending it is {@link dev.polycloud.ErrorCode#PRECONDITION_FAILED}, like an ended lease); a response that cannot be parsed is
 *       {@link dev.polycloud.ErrorCode#INTERNAL} (not retried), only network faults are
 *       {@link dev.polycloud.ErrorCode#UNAVAILABLE}.</li>
 * </ul>
 */
package dev.polycloud;
