package dev.polycloud.azure.gateway;

import dev.polycloud.azure.internal.AzureFunctionSettings;
import dev.polycloud.azure.internal.AzureNames;

import dev.polycloud.azure.functions.FunctionsProtocol;
import dev.polycloud.gateway.GatewaySpec;
import dev.polycloud.gateway.Route;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The API-level policy that makes an imported API Management API behave like a portable gateway.
 *
 * <ul>
 *   <li><b>inbound</b>: a body whose {@code Content-Length} is over the declared
 *       {@code maxBodyBytes} is answered 413; {@value FunctionsProtocol#PATH_HEADER} carries the path
 *       the client asked for; for the operation that matched (method and URL template), the backend
 *       becomes the route's function — {@code set-backend-service} to the function URL's base and
 *       {@code rewrite-uri} to its last segment, unmatched query parameters kept — and
 *       {@value FunctionsProtocol#ROUTE_HEADER} carries the route's template, from which the adapter
 *       computes the path parameters; the function key (a secret named value) goes in
 *       {@code x-functions-key}.</li>
 *   <li><b>backend</b>: {@code forward-request} with the configured invocation timeout.</li>
 *   <li><b>on-error</b>: a {@code forward-request} that timed out is 504, another backend failure 502.</li>
 * </ul>
 * A handler failure is answered 502 by the adapter itself. API Management answers 404 for a path
 * or method no operation matches (not 405 for a wrong method).
 */
final class ApiManagementPolicy {

    /** The methods an {@code ANY} route stands for, as the OpenAPI export renders them. */
    static final List<String> ANY = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

    private ApiManagementPolicy() {
    }

    /**
     * The operations of a spec as the OpenAPI document declares them: {@code ANY} expanded, a later
     * route replacing an earlier one of the same method and path.
     *
     * @param spec the routes
     * @return {@code "METHOD path"} to function, in order
     */
    static Map<String, String> operations(GatewaySpec spec) {
        Map<String, String> ops = new LinkedHashMap<>();
        for (Route r : spec.routes()) {
            for (String m : r.method().equals("ANY") ? ANY : List.of(r.method())) {
                ops.put(m + " " + r.path(), r.function());
            }
        }
        return ops;
    }

    /**
     * Renders the policy.
     *
     * @param spec the routes
     * @param settings the functions settings (for each function's URL)
     * @param keyNamedValue the named value holding the function key, if any
     * @param maxBodyBytes the largest body accepted
     * @param timeout the backend timeout
     * @return the policy XML
     */
    static String render(GatewaySpec spec, AzureFunctionSettings settings, Optional<String> keyNamedValue,
                         long maxBodyBytes, Duration timeout) {
        StringBuilder x = new StringBuilder(1024);
        x.append("<policies>\n  <inbound>\n    <base />\n");
        x.append("    <choose>\n      <when condition=\"")
                .append(attr("@(long.Parse(context.Request.Headers.GetValueOrDefault(\"Content-Length\", \"0\")) > "
                        + maxBodyBytes + "L)"))
                .append("\">\n        <return-response>\n          <set-status code=\"413\" reason=\"Payload Too Large\" />\n"
                        + "        </return-response>\n      </when>\n    </choose>\n");
        x.append("    <set-header name=\"").append(FunctionsProtocol.PATH_HEADER)
                .append("\" exists-action=\"override\">\n      <value>@(context.Request.OriginalUrl.Path)</value>\n"
                        + "    </set-header>\n");
        x.append("    <choose>\n");
        for (Map.Entry<String, String> op : operations(spec).entrySet()) {
            int space = op.getKey().indexOf(' ');
            String method = op.getKey().substring(0, space);
            String path = op.getKey().substring(space + 1);
            String[] backend = settings.backend(op.getValue());
            x.append("      <when condition=\"")
                    .append(attr("@(context.Operation.Method == \"" + method + "\" && context.Operation.UrlTemplate == \""
                            + path + "\")"))
                    .append("\">\n");
            x.append("        <set-header name=\"").append(FunctionsProtocol.ROUTE_HEADER)
                    .append("\" exists-action=\"override\">\n          <value>").append(text(path))
                    .append("</value>\n        </set-header>\n");
            x.append("        <set-backend-service base-url=\"").append(attr(backend[0])).append("\" />\n");
            x.append("        <rewrite-uri template=\"").append(attr(backend[1]))
                    .append("\" copy-unmatched-params=\"true\" />\n");
            x.append("      </when>\n");
        }
        x.append("    </choose>\n");
        x.append("    <set-header name=\"").append(FunctionsProtocol.INVOKE_HEADER)
                .append("\" exists-action=\"delete\" />\n");
        keyNamedValue.ifPresent(nv -> x.append("    <set-header name=\"").append(FunctionsProtocol.KEY_HEADER)
                .append("\" exists-action=\"override\">\n      <value>{{").append(nv)
                .append("}}</value>\n    </set-header>\n"));
        x.append("  </inbound>\n  <backend>\n    <forward-request timeout=\"").append(Math.max(1, timeout.toSeconds()))
                .append("\" />\n  </backend>\n  <outbound>\n    <base />\n  </outbound>\n");
        x.append("  <on-error>\n    <base />\n    <choose>\n      <when condition=\"")
                .append(attr("@(context.LastError.Source == \"forward-request\" && ((context.LastError.Reason ?? \"\")"
                        + ".Contains(\"Timeout\") || (context.LastError.Message ?? \"\").Contains(\"timed out\")))"))
                .append("\">\n        <return-response>\n          <set-status code=\"504\" reason=\"Gateway Timeout\" />\n"
                        + "        </return-response>\n      </when>\n      <when condition=\"")
                .append(attr("@(context.LastError.Source == \"forward-request\")"))
                .append("\">\n        <return-response>\n          <set-status code=\"502\" reason=\"Bad Gateway\" />\n"
                        + "        </return-response>\n      </when>\n    </choose>\n  </on-error>\n</policies>\n");
        return x.toString();
    }

    /**
     * Escapes an XML attribute value.
     *
     * @param s the value
     * @return the escaped value
     */
    static String attr(String s) {
        return text(s).replace("\"", "&quot;");
    }

    private static String text(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * The named value that holds a function app's key.
     *
     * @param urlTemplate the function URL template
     * @return the named value id
     */
    static String keyNamedValue(String urlTemplate) {
        return "polycloud-functions-key-" + AzureNames.hash8(urlTemplate.toLowerCase(Locale.ROOT));
    }
}
