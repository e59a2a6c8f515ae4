/* date.h - calendar dates (proleptic Gregorian, years 1..9999). */
#ifndef TL_DATE_H
#define TL_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Days since 1970-01-01 (negative before). Compare with <, ==, >. */
typedef struct tl_date {
	int32_t days;
} tl_date;

typedef enum tl_date_status {
	TL_DATE_OK = 0,
	TL_DATE_SYNTAX = 1,   /* not YYYY-MM-DD */
	TL_DATE_INVALID = 2,  /* YYYY-MM-DD but not a real day (2025-02-30) */
	TL_DATE_RANGE = 3     /* a result outside years 1..9999 */
} tl_date_status;

/* Strict YYYY-MM-DD (exactly 10 characters, 4-2-2 digits). */
int tl_date_parse(tl_date *out, const char *s, size_t len);
/* True when s looks like YYYY-MM-DD, whether or not it is a real day. */
bool tl_date_looks_like(const char *s, size_t len);
int tl_date_from_ymd(tl_date *out, int y, int m, int d);
void tl_date_to_ymd(tl_date d, int *y, int *m, int *day);
bool tl_is_leap_year(int y);
int tl_days_in_month(int y, int m);

/* Moves the calendar month by `months` (may be negative) and clamps the day to
 * the end of the target month: 2024-08-31 + 6 = 2025-02-28; 2024-02-29 + 12 =
 * 2025-02-28. */
int tl_date_add_months(tl_date *out, tl_date d, int64_t months);
int tl_date_add_years(tl_date *out, tl_date d, int64_t years); /* = months × 12 */
int tl_date_add_days(tl_date *out, tl_date d, int64_t days);
/* to − from in days. */
int64_t tl_date_days_between(tl_date from, tl_date to);
int tl_date_cmp(tl_date a, tl_date b);

/* "YYYY-MM-DD" and a NUL into buf (at least TL_DATE_BUFSZ bytes). */
#define TL_DATE_BUFSZ 11
void tl_date_format(char *buf, tl_date d);

#endif
