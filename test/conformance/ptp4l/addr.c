/* Reads one address per line and prints whether inet_aton, inet_pton(AF_INET6) and linuxptp's MAC sscanf
 * accept it. Written for the conformance test of server/src/languages/ptp4l/addresses.ts. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
int main(void) {
	char buf[512];
	while (fgets(buf, sizeof buf, stdin)) {
		struct in_addr a4;
		struct in6_addr a6;
		unsigned char m[6];
		buf[strcspn(buf, "\n")] = 0;
		int v4 = inet_aton(buf, &a4) != 0;
		int v6 = inet_pton(AF_INET6, buf, &a6) == 1;
		int mac = sscanf(buf, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &m[0], &m[1], &m[2], &m[3], &m[4], &m[5]) == 6;
		printf("%s\t%d\t%d\t%d\n", buf, v4, v6, mac);
	}
	return 0;
}
