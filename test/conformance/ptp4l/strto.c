/* Reads one value per line and prints how C's strtol(base 0) and strtod judge it, the way linuxptp's
 * get_ranged_int and get_ranged_double do (range -1000..1000). Written for the conformance test of
 * server/src/languages/ptp4l/values.ts. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <limits.h>
int main(void){ char buf[512];
 while (fgets(buf,sizeof buf,stdin)) { buf[strcspn(buf,"\n")]=0; char *end; errno=0; long l=strtol(buf,&end,0);
  const char *ri = (*end!='\0'||end==buf)?"malformed":(errno==ERANGE||l<-1000||l>1000)?"out-of-range":"ok";
  errno=0; double d=strtod(buf,&end);
  const char *rd = (*end!='\0'||end==buf)?"malformed":(errno==ERANGE||d<-1000.0||d>1000.0)?"out-of-range":"ok";
  printf("%s\t%s\t%s\n", buf, ri, rd); } }
