/* The function around a code address (code_function.c). */
#ifndef CODE_FUNCTION_H
#define CODE_FUNCTION_H

struct code_range {
	const unsigned char *start, *end;
};

/* The function holding pc, as its object's .eh_frame_hdr lists it, and the
 * object's executable segment around it; 0 when they cannot be told. */
int code_function(const unsigned char *pc, struct code_range *function, struct code_range *segment);

#endif
