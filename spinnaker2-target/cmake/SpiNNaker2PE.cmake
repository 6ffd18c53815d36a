# Building code for SpiNNaker 2 PEs (ARM Cortex-M4F) with clang and lld:
# custom commands only, never the host compiler.
#
#   spnc_add_pe_library(<name> SOURCES <c files>... [INCLUDES <dirs>...])
#       -> static library <binary dir>/<name>.a, target <name>
#   spnc_add_pe_program(<name> SOURCES <c files>... [DEFINES <defs>...]
#                       [LIBRARIES <pe library targets>...] [LINK_FLAGS ...])
#       -> linked image <binary dir>/<name>.elf, target <name>;
#          the path is in the target property SPNC_PE_ELF.

find_program(SPNC_PE_CC NAMES clang-22 REQUIRED)
find_program(SPNC_PE_LD NAMES ld.lld-22 REQUIRED)
find_program(SPNC_PE_AR NAMES llvm-ar-22 REQUIRED)

set(SPNC_PE_TARGET_FLAGS
  --target=thumbv7em-none-eabihf -mcpu=cortex-m4 -mfpu=fpv4-sp-d16
  -mfloat-abi=hard)
set(SPNC_PE_CFLAGS ${SPNC_PE_TARGET_FLAGS}
  -ffreestanding -nostdlib -fno-strict-aliasing -std=c99 -O2
  -ffunction-sections -fdata-sections
  -Wall -Wextra -Werror)

# Compiles `source` to `object`, with dependency tracking through a depfile.
function(spnc_pe_compile source object)
  cmake_parse_arguments(ARG "" "" "INCLUDES;DEFINES" ${ARGN})
  set(flags ${SPNC_PE_CFLAGS})
  foreach(dir ${ARG_INCLUDES})
    list(APPEND flags -I${dir})
  endforeach()
  foreach(def ${ARG_DEFINES})
    list(APPEND flags -D${def})
  endforeach()
  get_filename_component(abs_source ${source} ABSOLUTE)
  add_custom_command(
    OUTPUT ${object}
    COMMAND ${SPNC_PE_CC} ${flags} -MD -MF ${object}.d -c ${abs_source}
            -o ${object}
    DEPENDS ${abs_source}
    DEPFILE ${object}.d
    COMMENT "Compiling ${source} for the SpiNNaker 2 PE"
    VERBATIM)
endfunction()

function(spnc_add_pe_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES" ${ARGN})
  set(objects)
  foreach(source ${ARG_SOURCES})
    get_filename_component(stem ${source} NAME_WE)
    set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}.dir/${stem}.o)
    spnc_pe_compile(${source} ${object} INCLUDES ${ARG_INCLUDES})
    list(APPEND objects ${object})
  endforeach()
  set(archive ${CMAKE_CURRENT_BINARY_DIR}/${name}.a)
  add_custom_command(
    OUTPUT ${archive}
    COMMAND ${CMAKE_COMMAND} -E rm -f ${archive}
    COMMAND ${SPNC_PE_AR} rcs ${archive} ${objects}
    DEPENDS ${objects}
    COMMENT "Archiving the PE library ${name}.a"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${archive})
  set_target_properties(${name} PROPERTIES SPNC_PE_ARCHIVE ${archive})
endfunction()

function(spnc_add_pe_program name)
  cmake_parse_arguments(ARG "" "" "SOURCES;INCLUDES;DEFINES;LIBRARIES;LINK_FLAGS"
    ${ARGN})
  set(objects)
  foreach(source ${ARG_SOURCES})
    get_filename_component(stem ${source} NAME_WE)
    set(object ${CMAKE_CURRENT_BINARY_DIR}/${name}.dir/${stem}.o)
    spnc_pe_compile(${source} ${object}
      INCLUDES ${SPNC_PE_RUNTIME_INCLUDES} ${ARG_INCLUDES}
      DEFINES ${ARG_DEFINES})
    list(APPEND objects ${object})
  endforeach()
  set(archives)
  foreach(library ${ARG_LIBRARIES} SPNCPERuntime)
    get_target_property(archive ${library} SPNC_PE_ARCHIVE)
    list(APPEND archives ${archive})
  endforeach()
  set(elf ${CMAKE_CURRENT_BINARY_DIR}/${name}.elf)
  add_custom_command(
    OUTPUT ${elf}
    COMMAND ${SPNC_PE_LD} -T ${SPNC_PE_LINKER_SCRIPT} --gc-sections
            ${ARG_LINK_FLAGS} -o ${elf} ${objects} ${archives}
    DEPENDS ${objects} ${archives} ${SPNC_PE_LINKER_SCRIPT}
    COMMENT "Linking the PE program ${name}.elf"
    VERBATIM)
  add_custom_target(${name} ALL DEPENDS ${elf})
  add_dependencies(${name} SPNCPERuntime ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES SPNC_PE_ELF ${elf})
endfunction()
