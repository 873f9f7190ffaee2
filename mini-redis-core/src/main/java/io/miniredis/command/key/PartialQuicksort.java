package io.miniredis.command.key;

import java.util.Comparator;

/**
 * The partial sort SORT uses when a BY pattern meets a LIMIT: Bentley and McIlroy's quicksort ("Engineering a Sort
 * Function", 1993, as in the BSD libc: the middle element as pivot at 7 elements, the median of three above, the
 * ninther above 40; elements equal to the pivot gathered at both ends and swapped to the middle; insertion sort below
 * 7 elements), which after partitioning only goes on into the parts that overlap the wanted range. Unlike some BSD
 * versions it does not switch to insertion sort when a partition swapped nothing: Redis's does not, as random
 * differential runs against it show.
 *
 * <p>Why not a library sort: with ALPHA and a BY pattern, elements with the same BY value compare equal, and
 * quicksort is not stable, so which of them land in the range depends on the algorithm's exact moves. Redis runs
 * this algorithm; running the same one gives the same answer. Elsewhere SORT uses a stable sort, as C's qsort (a
 * merge sort in glibc) is for Redis.
 */
final class PartialQuicksort {

    private PartialQuicksort() {}

    /** Sorts {@code v} enough that positions {@code first..last} hold what a full sort would put there. */
    static <T> void sort(T[] v, Comparator<? super T> cmp, int first, int last) {
        sort(v, 0, v.length, cmp, first, last);
    }

    private static <T> void sort(T[] v, int base, int n, Comparator<? super T> cmp, int first, int last) {
        while (true) {
            if (n < 7) {
                insertionSort(v, base, n, cmp);
                return;
            }
            int pm = base + n / 2;
            if (n > 7) {
                int pl = base;
                int pn = base + n - 1;
                if (n > 40) {
                    int d = n / 8;
                    pl = median(v, pl, pl + d, pl + 2 * d, cmp);
                    pm = median(v, pm - d, pm, pm + d, cmp);
                    pn = median(v, pn - 2 * d, pn - d, pn, cmp);
                }
                pm = median(v, pl, pm, pn, cmp);
            }
            swap(v, base, pm);
            int pa = base + 1;
            int pb = pa;
            int pc = base + n - 1;
            int pd = pc;
            while (true) {
                int r;
                while (pb <= pc && (r = cmp.compare(v[pb], v[base])) <= 0) {
                    if (r == 0) {
                        swap(v, pa++, pb);
                    }
                    pb++;
                }
                while (pb <= pc && (r = cmp.compare(v[pc], v[base])) >= 0) {
                    if (r == 0) {
                        swap(v, pc, pd--);
                    }
                    pc--;
                }
                if (pb > pc) {
                    break;
                }
                swap(v, pb++, pc--);
            }
            int end = base + n;
            int r = Math.min(pa - base, pb - pa);
            swapRuns(v, base, pb - r, r);
            r = Math.min(pd - pc, end - pd - 1);
            swapRuns(v, pb, end - r, r);
            int lower = pb - pa;
            if (lower > 1 && overlaps(base, base + lower - 1, first, last)) {
                sort(v, base, lower, cmp, first, last);
            }
            int upper = pd - pc;
            if (upper > 1 && overlaps(end - upper, end - 1, first, last)) {
                base = end - upper; // the upper part iteratively, as the original does
                n = upper;
                continue;
            }
            return;
        }
    }

    /** False only when the wanted range lies wholly before or wholly after {@code lo..hi}. */
    private static boolean overlaps(int lo, int hi, int first, int last) {
        return !((first < lo && last < lo) || (first > hi && last > hi));
    }

    private static <T> int median(T[] v, int a, int b, int c, Comparator<? super T> cmp) {
        if (cmp.compare(v[a], v[b]) < 0) {
            if (cmp.compare(v[b], v[c]) < 0) {
                return b;
            }
            return cmp.compare(v[a], v[c]) < 0 ? c : a;
        }
        if (cmp.compare(v[b], v[c]) > 0) {
            return b;
        }
        return cmp.compare(v[a], v[c]) < 0 ? a : c;
    }

    private static <T> void insertionSort(T[] v, int base, int n, Comparator<? super T> cmp) {
        for (int m = base + 1; m < base + n; m++) {
            for (int l = m; l > base && cmp.compare(v[l - 1], v[l]) > 0; l--) {
                swap(v, l, l - 1);
            }
        }
    }

    private static <T> void swapRuns(T[] v, int a, int b, int n) {
        for (int i = 0; i < n; i++) {
            swap(v, a + i, b + i);
        }
    }

    private static <T> void swap(T[] v, int a, int b) {
        T t = v[a];
        v[a] = v[b];
        v[b] = t;
    }
}
