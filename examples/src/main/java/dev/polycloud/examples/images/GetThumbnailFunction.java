package dev.polycloud.examples.images;

import dev.polycloud.function.FunctionContext;
import dev.polycloud.function.FunctionHandler;
import dev.polycloud.function.HttpRequest;
import dev.polycloud.function.HttpResponse;

/** {@code GET /images/{name}/thumbnail}: the PNG thumbnail; 404 while there is none (yet). */
public final class GetThumbnailFunction implements FunctionHandler<HttpRequest, HttpResponse> {

    @Override
    public HttpResponse handle(HttpRequest request, FunctionContext context) {
        String name = request.pathParameter("name").orElse("");
        if (!Images.NAME.matcher(name).matches()) {
            return HttpResponse.json(404, "{\"message\":\"no image of that name\"}");
        }
        var thumbnails = Images.cloud().bucket(Images.THUMBNAILS_BUCKET);
        if (thumbnails.head(name).isEmpty()) {
            return HttpResponse.json(404, "{\"message\":\"no thumbnail of " + name + " (yet)\"}");
        }
        return HttpResponse.bytes(200, "image/png", thumbnails.getBytes(name));
    }
}
