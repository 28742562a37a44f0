package dev.polycloud.gcp.testing;

/** URI helpers of the test support. */
final class Uris {

    private Uris() {
    }

    /**
     * The raw path and query of an absolute or relative request URI.
     *
     * @param uri the URI
     * @return the target, starting with '/'
     */
    static String rawTarget(String uri) {
        if (uri == null || uri.isEmpty()) {
            return "/";
        }
        String target = uri;
        if (!uri.startsWith("/")) {
            int scheme = uri.indexOf("://");
            if (scheme >= 0) {
                int end = scheme + 3;
                while (end < uri.length() && "/?#".indexOf(uri.charAt(end)) < 0) {
                    end++;
                }
                target = uri.substring(end);
            }
            if (!target.startsWith("/")) {
                target = "/" + target;
            }
        }
        int hash = target.indexOf('#');
        return hash < 0 ? target : target.substring(0, hash);
    }
}
