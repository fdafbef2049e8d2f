/* gmtime, localtime with TZ=UTC and strftime of a fixed time; mktime back. */
#include "../conf.h"
int main(void)
{
	time_t t = 1234567890;
	struct tm tm;
	gmtime_r(&t, &tm);
	char buf[64];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S %A %j", &tm);
	printf("gmtime: %s\n", buf);
	setenv("TZ", "UTC", 1);
	tzset();
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%c %Z", &tm);
	printf("localtime UTC: %s\n", buf);
	value("mktime back", mktime(&tm) == t);
	setenv("TZ", "EST5EDT", 1);
	tzset();
	localtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%H:%M %Z", &tm);
	printf("EST5EDT: %s\n", buf);
	return 0;
}
