package io.patchflow.shared;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads at most {@code limit} bytes of a body sent without (or with a false) length; past
 * it, {@link TooLarge}.
 */
public final class LimitedInputStream extends FilterInputStream {

    /** The body passed the limit. */
    public static final class TooLarge extends IOException {

        public TooLarge(long limit) {
            super("the request body is larger than " + limit + " bytes");
        }

    }

    private final long limit;

    private long read;

    public LimitedInputStream(InputStream in, long limit) {
        super(in);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0 && ++read > limit) {
            throw new TooLarge(limit);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0 && (read += n) > limit) {
            throw new TooLarge(limit);
        }
        return n;
    }

}
