/*
 * headertest.c - the public headers compile under -std=c11
 * -pedantic-errors and are usable on their own
 */
#include <ambientlint.h>
#include <ambientlint/rule.h>
#include <ambientlint/version.h>

#include <string.h>

int
main(void)
{
	struct alint_options opts = ALINT_OPTIONS_INIT;
	struct alint_ctx *ctx = NULL;

	if (alint_options_init(&opts, ALINT_OPTIONS_VERSION) != 0)
		return 1;
	if (strcmp(alint_version(), ALINT_VERSION) != 0)
		return 1;
	if (alint_ctx_new(&ctx, &opts) != 0)
		return 1;
	alint_ctx_free(ctx);
	alint_ctx_free(NULL);
	return 0;
}
