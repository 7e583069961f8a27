# One interface target with the warnings and options that every project target links.
add_library(bcf_options INTERFACE)
add_library(bcf::options ALIAS bcf_options)
target_compile_options(bcf_options INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow=local -Wnon-virtual-dtor -Wcast-align
    -Woverloaded-virtual -Wimplicit-fallthrough
    $<$<BOOL:${BCF_WARNINGS_AS_ERRORS}>:-Werror>)
target_compile_features(bcf_options INTERFACE cxx_std_23)

# Qt code gets the strict connect and string rules of the house style.
add_library(bcf_qt_options INTERFACE)
add_library(bcf::qt_options ALIAS bcf_qt_options)
target_link_libraries(bcf_qt_options INTERFACE bcf_options)
target_compile_definitions(bcf_qt_options INTERFACE
    QT_NO_CONTEXTLESS_CONNECT QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII
    QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_DISABLE_DEPRECATED_BEFORE=0x060400)

# Generated code (protobuf) is compiled without the project's warnings.
function(bcf_silence_warnings target)
    target_compile_options(${target} PRIVATE -w)
endfunction()
