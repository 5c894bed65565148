package org.seg4j.serve;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.seg4j.BadInputException;
import org.seg4j.image.ImageFiles;
import org.seg4j.image.RgbImage;

/**
 * The image of a request: the raw body, or the first file of a {@code multipart/form-data} body. The body may not
 * exceed the upload limit (checked from {@code Content-Length} before reading, and while reading a body without
 * one); the image must be PNG or JPEG, and the size its header declares may not exceed the pixel limit, checked
 * before any pixel is decoded, so a small file that declares a huge image costs nothing.
 */
final class ImageUpload {
    private static final Set<String> FORMATS = Set.of("png", "jpeg");

    private final long maxBytes;
    private final long maxPixels;

    ImageUpload(long maxBytes, long maxPixels) {
        this.maxBytes = maxBytes;
        this.maxPixels = maxPixels;
    }

    /**
     * Reads and decodes the request's image.
     *
     * @throws ApiException 413 {@code upload_too_large} or {@code image_too_large}, 400 {@code bad_image}
     */
    RgbImage read(Context ctx) {
        byte[] bytes = bytes(ctx);
        if (bytes.length == 0) {
            throw ApiException.badImage("the request has no image (empty body)");
        }
        requireSmallEnough(bytes);
        try {
            return ImageFiles.readRgb(bytes);
        } catch (BadInputException e) {
            throw ApiException.badImage(e.problem());
        }
    }

    /**
     * Reads and drops the body of a request refused before its upload was read (e.g. 503 when every place is taken),
     * up to the upload limit, so the client, still sending, reads the refusal instead of a broken connection.
     */
    void discard(Context ctx) {
        skip(ctx, Math.max(0, Math.min(ctx.req().getContentLengthLong(), maxBytes)));
    }

    private static void skip(Context ctx, long bytes) {
        try (InputStream in = ctx.req().getInputStream()) {
            in.skipNBytes(bytes);
        } catch (IOException | RuntimeException e) {
            // the refusal is sent whatever the body held
        }
    }

    private byte[] bytes(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBytes) {
            // read and drop a body of up to four times the limit (cheap: nothing is kept), so the client, still
            // sending, reads the 413 instead of a connection closed under it; a larger one has its connection closed
            skip(ctx, declared <= 4 * maxBytes ? declared : 0);
            throw tooLarge(declared);
        }
        String type = ctx.contentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            List<UploadedFile> files;
            try {
                files = ctx.uploadedFiles();
            } catch (RuntimeException e) {
                throw ApiException.badImage("unreadable multipart body: " + e.getMessage());
            }
            if (files.isEmpty()) {
                throw ApiException.badImage("the multipart body has no file part");
            }
            UploadedFile file = files.get(0);
            if (file.size() > maxBytes) {
                throw tooLarge(file.size());
            }
            try {
                return readAtMost(file.content());
            } catch (IOException e) {
                throw ApiException.badImage("the upload could not be read: " + e.getMessage());
            }
        }
        try {
            return readAtMost(ctx.req().getInputStream());
        } catch (IOException e) {
            throw ApiException.badImage("the upload could not be read: " + e.getMessage());
        }
    }

    /** The stream's bytes, refusing more than the limit without reading past it. */
    private byte[] readAtMost(InputStream in) throws IOException {
        try (in) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw tooLarge(-1);
            }
            return bytes;
        }
    }

    private ApiException tooLarge(long size) {
        return new ApiException(413, "upload_too_large", (size < 0 ? "the upload is" : "the upload is " + size
                + " bytes,") + " larger than the limit of " + maxBytes + " bytes");
    }

    /** Reads the format and size from the image's header only, and refuses formats and sizes over the limits. */
    private void requireSmallEnough(byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw ApiException.badImage("not a PNG or JPEG image (unknown format)");
            }
            ImageReader reader = readers.next();
            try {
                String format = reader.getFormatName().toLowerCase(Locale.ROOT);
                if (!FORMATS.contains(format)) {
                    throw ApiException.badImage("a " + format + " image; send PNG or JPEG");
                }
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width < 1 || height < 1) {
                    throw ApiException.badImage("the header gives an empty image, " + width + "x" + height);
                }
                if (width * height > maxPixels) {
                    throw new ApiException(413, "image_too_large", "the image is " + width + "x" + height + " = "
                            + width * height + " pixels, more than the limit of " + maxPixels);
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ApiException a) {
                throw a;
            }
            throw ApiException.badImage("corrupt image header: " + e.getMessage());
        }
    }
}
