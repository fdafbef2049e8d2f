#include "elf_loader.h"

uint64_t elf_page = 4096;
