package io.patchflow.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a longer list; every list Patchflow shows is paginated. */
public record Page<T>(List<T> items, int page, int size, long total) {

    public Page {
        items = List.copyOf(items);
    }

    public int totalPages() {
        return size == 0 ? 0 : (int) ((total + size - 1) / size);
    }

    public boolean hasNext() {
        return (long) (page + 1) * size < total;
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), page, size, total);
    }

    public static int checkedSize(int size) {
        if (size < 1 || size > 200) {
            throw new InvalidInputException("size", "page size must be between 1 and 200");
        }
        return size;
    }

    public static int checkedPage(int page) {
        if (page < 0) {
            throw new InvalidInputException("page", "page must be 0 or more");
        }
        return page;
    }
}
