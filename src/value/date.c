/* date.c - proleptic Gregorian calendar dates counted in days from 1970-01-01. */
#include "date.h"

#define MIN_YEAR 1
#define MAX_YEAR 9999

/* Days from 1970-01-01 for a valid y-m-d. The year is shifted to start in March
 * so that the leap day falls at the end of it; then whole 400-year eras (146097
 * days) make the count exact without tables. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;                          /* 0..399 */
	int64_t mp = (m + 9) % 12;                            /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d - 1;             /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;  /* 0..146096 */
	return era * 146097 + doe - 719468;                   /* 719468: 0000-03-01 to 1970-01-01 */
}

static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static const int64_t first_day = -719162;  /* 0001-01-01 */
static const int64_t last_day = 2932896;   /* 9999-12-31 */

bool tl_is_leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int tl_days_in_month(int y, int m)
{
	static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && tl_is_leap_year(y) ? 29 : days[m - 1];
}

int tl_date_from_ymd(tl_date *out, int y, int m, int d)
{
	if (y < MIN_YEAR || y > MAX_YEAR)
		return TL_DATE_RANGE;
	if (m < 1 || m > 12 || d < 1 || d > tl_days_in_month(y, m))
		return TL_DATE_INVALID;
	out->days = (int32_t)days_from_civil(y, m, d);
	return TL_DATE_OK;
}

void tl_date_to_ymd(tl_date d, int *y, int *m, int *day)
{
	int64_t year;
	civil_from_days(d.days, &year, m, day);
	*y = (int)year;
}

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

bool tl_date_looks_like(const char *s, size_t len)
{
	if (s == NULL || len != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < len; i++)
		if (i != 4 && i != 7 && !is_digit(s[i]))
			return false;
	return true;
}

static int digits_value(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int tl_date_parse(tl_date *out, const char *s, size_t len)
{
	if (!tl_date_looks_like(s, len))
		return TL_DATE_SYNTAX;
	/* Year 0000 has the right shape but names no day of our calendar. */
	if (tl_date_from_ymd(out, digits_value(s, 4), digits_value(s + 5, 2),
	                     digits_value(s + 8, 2)) != TL_DATE_OK)
		return TL_DATE_INVALID;
	return TL_DATE_OK;
}

/* Larger than any move that stays within years 1..9999, small enough that the
 * arithmetic below cannot overflow int64. */
#define MONTHS_CAP ((int64_t)12 * 10000)

int tl_date_add_months(tl_date *out, tl_date d, int64_t months)
{
	if (months > MONTHS_CAP || months < -MONTHS_CAP)
		return TL_DATE_RANGE;
	int64_t y;
	int m, day;
	civil_from_days(d.days, &y, &m, &day);
	int64_t total = y * 12 + (m - 1) + months;
	int64_t ny = total >= 0 ? total / 12 : -((-total + 11) / 12);
	int nm = (int)(total - ny * 12) + 1;
	if (ny < MIN_YEAR || ny > MAX_YEAR)
		return TL_DATE_RANGE;
	int dim = tl_days_in_month((int)ny, nm);
	out->days = (int32_t)days_from_civil(ny, nm, day < dim ? day : dim);
	return TL_DATE_OK;
}

int tl_date_add_years(tl_date *out, tl_date d, int64_t years)
{
	if (years > MONTHS_CAP || years < -MONTHS_CAP)
		return TL_DATE_RANGE;
	return tl_date_add_months(out, d, years * 12);
}

int tl_date_add_days(tl_date *out, tl_date d, int64_t days)
{
	if (days > last_day - first_day || days < first_day - last_day)
		return TL_DATE_RANGE;
	int64_t r = (int64_t)d.days + days;
	if (r < first_day || r > last_day)
		return TL_DATE_RANGE;
	out->days = (int32_t)r;
	return TL_DATE_OK;
}

int64_t tl_date_days_between(tl_date from, tl_date to)
{
	return (int64_t)to.days - from.days;
}

int tl_date_cmp(tl_date a, tl_date b)
{
	return a.days < b.days ? -1 : a.days > b.days ? 1 : 0;
}

void tl_date_format(char *buf, tl_date d)
{
	int y, m, day;
	tl_date_to_ymd(d, &y, &m, &day);
	/* Outside the calendar's range there is no honest 4-digit year; clamp rather
	 * than overrun the fixed-size buffer. */
	if (y < 0)
		y = 0;
	if (y > MAX_YEAR)
		y = MAX_YEAR;
	int parts[3] = {y, m, day};
	int widths[3] = {4, 2, 2};
	char *p = buf;
	for (int i = 0; i < 3; i++) {
		if (i > 0)
			*p++ = '-';
		for (int k = widths[i] - 1; k >= 0; k--) {
			p[k] = (char)('0' + parts[i] % 10);
			parts[i] /= 10;
		}
		p += widths[i];
	}
	*p = '\0';
}
